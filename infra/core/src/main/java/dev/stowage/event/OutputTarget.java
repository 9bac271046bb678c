package dev.stowage.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a publisher writes an image: {@code oci:DIR}, {@code docker-archive:FILE} (FILE {@code -}:
 * standard output), {@code docker://REF} or {@code docker-daemon:NAME[:TAG]} (loaded through the
 * Docker Engine API, skopeo's syntax: no tag means {@code latest}). Never carries credentials.
 */
public record OutputTarget(Transport transport, String location) {
    public enum Transport { OCI, DOCKER_ARCHIVE, DOCKER, DOCKER_DAEMON }

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
        if (text.startsWith("docker-daemon:")) return new OutputTarget(Transport.DOCKER_DAEMON, text.substring(14));
        throw new IllegalArgumentException("output '" + text + "' must be oci:DIR, docker-archive:FILE, docker-archive:- (stdout), "
                + "docker://REF or docker-daemon:NAME:TAG");
    }

    @JsonValue
    @Override
    public String toString() {
        return switch (transport) {
            case OCI -> "oci:" + location;
            case DOCKER_ARCHIVE -> "docker-archive:" + location;
            case DOCKER -> "docker://" + location;
            case DOCKER_DAEMON -> "docker-daemon:" + location;
        };
    }
}
