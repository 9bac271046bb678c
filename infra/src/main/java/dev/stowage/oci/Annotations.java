package dev.stowage.oci;

/** Annotation keys of the OCI image spec that Stowage writes. */
public final class Annotations {
    public static final String CREATED = "org.opencontainers.image.created";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private Annotations() {}
}
