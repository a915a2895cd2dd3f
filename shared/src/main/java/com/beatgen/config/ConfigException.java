package com.beatgen.config;

/** Configuration that is missing or malformed; the message names the variable, never its secret value. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
