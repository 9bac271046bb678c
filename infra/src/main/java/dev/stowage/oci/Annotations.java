package dev.stowage.oci;

/** Annotation keys of the OCI image spec that Stowage writes. */
public final class Annotations {
    public static final String PREFIX = "org.opencontainers.image.";
    public static final String CREATED = PREFIX + "created";
    public static final String REF_NAME = PREFIX + "ref.name";

    private Annotations() {}
}
