/**
 * A stand-in for the CRaC bridge of the Lambda Java runtime ({@code -Dorg.crac.Core.Compat=…}): {@code org.crac}
 * registrations land in {@link com.beatgen.local.coldstart.probe.crac.Core}'s global context, and
 * {@link com.beatgen.local.coldstart.probe.crac.Core#checkpointRestore()} runs every {@code beforeCheckpoint} hook (in
 * reverse order of registration) and then every {@code afterRestore} hook, as SnapStart does around its snapshot.
 * No snapshot is taken. Used by the cold-start probe only; JDK classes only.
 */
package com.beatgen.local.coldstart.probe.crac;
