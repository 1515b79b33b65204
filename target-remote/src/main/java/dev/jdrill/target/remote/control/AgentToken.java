package dev.jdrill.target.remote.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The secret jdrill and its agent share: read from a file (first line) or from the environment variable
 * {@value #ENVIRONMENT}. The agent runs socket calls (and, if allowed, commands) for whoever holds it.
 */
public final class AgentToken {
    public static final String ENVIRONMENT = "JDRILL_AGENT_TOKEN";
    static final int MIN_LENGTH = 8;

    private final byte[] bytes;

    private AgentToken(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    /** The token from {@code file} if given, else from the environment. */
    public static AgentToken load(Optional<Path> file) throws IOException {
        String text;
        if (file.isPresent()) {
            text = Files.readString(file.get(), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } else {
            text = Optional.ofNullable(System.getenv(ENVIRONMENT)).orElse("").strip();
        }
        return of(text);
    }

    public static AgentToken of(String text) throws IOException {
        if (text.length() < MIN_LENGTH) {
            throw new IOException("the agent token must be at least " + MIN_LENGTH + " characters (from a file or "
                    + ENVIRONMENT + ")");
        }
        return new AgentToken(text);
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the time a refusal takes says nothing about the token. */
    public boolean matches(String offered) {
        return MessageDigest.isEqual(bytes, offered.getBytes(StandardCharsets.UTF_8));
    }
}
