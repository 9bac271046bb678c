package dev.stowage.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Where an image is written: {@code oci:DIR} ({@link OciLayout}), {@code docker-archive:FILE}
 * ({@link DockerArchive}; FILE {@code -}: standard output), {@code docker://REF} ({@link Registry}, a
 * push target {@code HOST[:PORT]/REPO[:TAG]}) or {@code docker-daemon:NAME[:TAG]} ({@link DockerDaemon},
 * loaded through the Docker Engine API, skopeo's syntax: no tag means {@code latest}). Parsed once,
 * completely ({@link #parse}); its text ({@link #toString}, the JSON form in events) is the text it
 * was parsed from. Never carries credentials.
 */
public sealed interface ImageLocation permits ImageLocation.OciLayout, ImageLocation.DockerArchive, ImageLocation.Registry, ImageLocation.DockerDaemon {
    /** The transports' prefixes (a spec's {@code fromImage} uses the same ones). */
    String OCI = "oci:";
    String DOCKER_ARCHIVE = "docker-archive:";
    String DOCKER = "docker://";
    String DOCKER_DAEMON = "docker-daemon:";

    /** Parses a location, checking all of it (host, port, repository, tag); the message says what is wrong. */
    @JsonCreator
    static ImageLocation parse(String text) {
        if (text == null) throw new IllegalArgumentException("output is missing");
        if (text.startsWith(OCI)) return new OciLayout(text.substring(OCI.length()));
        if (text.startsWith(DOCKER_ARCHIVE)) return new DockerArchive(text.substring(DOCKER_ARCHIVE.length()));
        if (text.startsWith(DOCKER)) {
            String reference = present(text.substring(DOCKER.length()));
            int at = reference.indexOf('@');
            if (at >= 0 && at < reference.indexOf('/')) throw new IllegalArgumentException("output references must not carry credentials");
            return new Registry(ImageName.parsePushTarget(reference));
        }
        if (text.startsWith(DOCKER_DAEMON)) return new DockerDaemon(ImageName.parseDockerName(present(text.substring(DOCKER_DAEMON.length()))));
        throw new IllegalArgumentException("output '" + text + "' must be oci:DIR, docker-archive:FILE, docker-archive:- (stdout), "
                + "docker://REF or docker-daemon:NAME:TAG");
    }

    /** The location's text, as it was parsed: the JSON form. */
    @JsonValue
    @Override
    String toString();

    private static String present(String location) {
        if (location == null || location.isBlank()) throw new IllegalArgumentException("output location is empty");
        return location;
    }

    /** An OCI image layout directory (created when missing). */
    record OciLayout(String path) implements ImageLocation {
        public OciLayout {
            present(path);
        }

        @Override
        public String toString() {
            return OCI + path;
        }
    }

    /** A {@code docker save} archive file, or standard output ({@code -}). */
    record DockerArchive(String path) implements ImageLocation {
        public static final String STDOUT = "-";

        public DockerArchive {
            present(path);
        }

        /** Whether the archive goes to standard output. */
        public boolean toStdout() {
            return STDOUT.equals(path);
        }

        @Override
        public String toString() {
            return DOCKER_ARCHIVE + path;
        }
    }

    /** A repository on a registry: its tag, or every tag of the image when the name has none. */
    record Registry(ImageName name) implements ImageLocation {
        public Registry {
            if (name.registry() == null) throw new IllegalArgumentException("image reference needs a registry host: '" + name + "'");
            if (name.digest() != null) throw new IllegalArgumentException("push targets take a tag, not a digest: '" + name + "'");
        }

        /** The push target with the {@code latest} default. */
        public ImageName target() {
            return name.orLatest();
        }

        /** The tags this output gives the image: its own when it names one, else {@code imageTags}, every tag of the image. */
        public List<String> tags(List<String> imageTags) {
            return name.tag() != null ? List.of(name.tag()) : imageTags;
        }

        @Override
        public String toString() {
            return DOCKER + name;
        }
    }

    /** An image loaded into a Docker Engine as {@code NAME:TAG} ({@code latest} when the name has no tag). */
    record DockerDaemon(ImageName name) implements ImageLocation {
        public DockerDaemon {
            if (name.digest() != null) throw new IllegalArgumentException("docker-daemon: outputs take NAME[:TAG], not a digest");
        }

        /** {@code NAME:TAG}, the image's name in the daemon. */
        public String repoTag() {
            return name.orLatest().toString();
        }

        @Override
        public String toString() {
            return DOCKER_DAEMON + name;
        }
    }
}
