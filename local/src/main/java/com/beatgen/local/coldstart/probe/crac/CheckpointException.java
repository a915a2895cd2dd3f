package com.beatgen.local.coldstart.probe.crac;

/** A {@code beforeCheckpoint} hook failed (the others still ran); the failures are suppressed exceptions. */
public class CheckpointException extends Exception {
}
