package com.beatgen.local.coldstart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class list an API function's INIT loads ahead ({@code com.beatgen.functions.InitWarmup}): from the JVM's
 * {@code -Xlog:class+load} lines of real cold starts, the classes every function loaded from its handler class on,
 * from the jar or the JDK's modules (not the JDK's shared archive, which maps them anyway, and not classes generated at
 * run time, and not the runtime client's), in the order the first function loaded them.
 */
public final class InitClassList {

    /** The JVM option that prints one line per loaded class on standard output. */
    public static final String JVM_OPTION = "-Xlog:class+load=info:stdout";

    private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*] (\\S+) source: (\\S+)");

    private InitClassList() {
    }

    /** The classes {@code printed} shows loaded from {@code handlerClass} on, from {@code jarName} or the JDK, in order. */
    public static List<String> loaded(String printed, String handlerClass, String jarName) {
        Set<String> classes = new LinkedHashSet<>();
        boolean handlerSeen = false;
        Matcher matcher = LOADED.matcher(printed);
        while (matcher.find()) {
            String name = matcher.group(1);
            handlerSeen |= name.equals(handlerClass);
            String source = matcher.group(2);
            if (handlerSeen && (source.startsWith("file:") && source.endsWith("/" + jarName) || source.startsWith("jrt:"))) {
                classes.add(name);
            }
        }
        if (!handlerSeen) {
            throw new IllegalStateException("No class-load line for " + handlerClass + ": was the JVM started with " + JVM_OPTION + "?");
        }
        return List.copyOf(classes);
    }

    /** The classes in every one of {@code lists}, in the first list's order. */
    public static List<String> common(List<List<String>> lists) {
        List<String> common = new ArrayList<>(lists.get(0));
        lists.subList(1, lists.size()).forEach(list -> common.retainAll(Set.copyOf(list)));
        return common;
    }
}
