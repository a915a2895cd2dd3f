package com.beatgen.config;

import com.beatgen.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** A database account's name and password, as a Secrets Manager secret holds them (the RDS format). */
public record DatabaseLogin(String username, String password) {

    /** A plain identifier: account names cannot be bound as SQL parameters, so they are checked instead. */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,31}$");

    public DatabaseLogin {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new ConfigException("A database user name must be 1-32 letters, digits or _, starting with a letter");
        }
        if (password == null || password.isEmpty()) {
            throw new ConfigException("The password of database user " + username + " is empty");
        }
    }

    /** JSON with {@code username} and {@code password}; the message never repeats the secret's text. */
    public static DatabaseLogin fromSecret(String secretId, String secret) {
        try {
            JsonNode json = secret == null ? null : Json.MAPPER.readTree(secret);
            if (json != null && json.hasNonNull("username") && json.hasNonNull("password")) {
                return new DatabaseLogin(json.get("username").asText(), json.get("password").asText());
            }
        } catch (JsonProcessingException e) {
            // the message below
        }
        throw new ConfigException("Secret " + secretId + " is not JSON with a username and a password");
    }

    @Override
    public String toString() {
        return "DatabaseLogin[username=" + username + ", password=****]";
    }
}
