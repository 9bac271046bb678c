package dev.stowage.oci;

/** Annotation keys of the OCI image spec that Stowage writes. */
public final class Annotations {
    public static final String PREFIX = "org.opencontainers.image.";
    public static final String CREATED = PREFIX + "created";
    public static final String REF_NAME = PREFIX + "ref.name";
    /** The image this one is based on ({@code fromImage} from a registry): its name and its manifest digest. */
    public static final String BASE_NAME = PREFIX + "base.name";
    public static final String BASE_DIGEST = PREFIX + "base.digest";

    private Annotations() {}
}
