package dev.stowage.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a publisher writes an image: {@code oci:DIR}, {@code docker-archive:FILE} or
 * {@code docker://REF}. Never carries credentials.
 */
public record OutputTarget(Transport transport, String location) {
    public enum Transport { OCI, DOCKER_ARCHIVE, DOCKER }

    public OutputTarget {
        if (location == null || location.isBlank()) throw new IllegalArgumentException("output location is empty");
        if (transport == Transport.DOCKER && location.contains("@") && location.indexOf('@') < location.indexOf('/')) {
            throw new IllegalArgumentException("output references must not carry credentials");
        }
    }

    @JsonCreator
    public static OutputTarget parse(String text) {
        if (text == null) throw new IllegalArgumentException("output is missing");
        if (text.startsWith("oci:")) return new OutputTarget(Transport.OCI, text.substring(4));
        if (text.startsWith("docker-archive:")) return new OutputTarget(Transport.DOCKER_ARCHIVE, text.substring(15));
        if (text.startsWith("docker://")) return new OutputTarget(Transport.DOCKER, text.substring(9));
        throw new IllegalArgumentException("output '" + text + "' must be oci:DIR, docker-archive:FILE or docker://REF");
    }

    @JsonValue
    @Override
    public String toString() {
        return switch (transport) {
            case OCI -> "oci:" + location;
            case DOCKER_ARCHIVE -> "docker-archive:" + location;
            case DOCKER -> "docker://" + location;
        };
    }
}
