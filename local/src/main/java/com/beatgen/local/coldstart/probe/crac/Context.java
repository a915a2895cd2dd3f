package com.beatgen.local.coldstart.probe.crac;

/** A CRaC context, in the shape {@code org.crac.Core.Compat} looks up by name ({@code register(Resource)}). */
public abstract class Context<R extends Resource> implements Resource {

    public abstract void register(R resource);
}
