package dev.stowage.oci;

/** Media types of the OCI image spec and the Docker v2 schema 2 formats Stowage writes. */
public final class MediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String CYCLONEDX_JSON = "application/vnd.cyclonedx+json";
    public static final String IN_TOTO_JSON = "application/vnd.in-toto+json";

    /** The bytes of the empty JSON object, OCI's config of artifacts. */
    public static final byte[] EMPTY_JSON = {'{', '}'};

    private MediaTypes() {}

    /** An OCI image index or a Docker manifest list: a document naming one manifest per platform. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** An OCI image manifest or a Docker v2 schema 2 manifest. */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static Descriptor emptyDescriptor() {
        return Descriptor.of(OCI_EMPTY, Digest.ofBytes(EMPTY_JSON), EMPTY_JSON.length);
    }
}
