package com.beatgen.local.coldstart.probe.crac;

/** A CRaC resource, in the shape {@code org.crac.Core.Compat} looks up by name. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
