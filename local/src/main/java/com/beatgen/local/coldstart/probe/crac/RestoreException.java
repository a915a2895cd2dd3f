package com.beatgen.local.coldstart.probe.crac;

/** An {@code afterRestore} hook failed (the others still ran); the failures are suppressed exceptions. */
public class RestoreException extends Exception {
}
