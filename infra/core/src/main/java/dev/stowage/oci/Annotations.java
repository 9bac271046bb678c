package dev.stowage.oci;

/** Annotation keys that Stowage writes: the OCI image spec's and its own ({@code dev.stowage.}). */
public final class Annotations {
    public static final String PREFIX = "org.opencontainers.image.";
    public static final String CREATED = PREFIX + "created";
    public static final String REF_NAME = PREFIX + "ref.name";
    /** The image this one is based on ({@code fromImage} from a registry): its name and its manifest digest. */
    public static final String BASE_NAME = PREFIX + "base.name";
    public static final String BASE_DIGEST = PREFIX + "base.digest";
    /**
     * On a layer descriptor of a manifest: the layer cache key the layer was made from, so a later
     * run can find the layer in the registry instead of encoding it again (docs/registry.md).
     */
    public static final String LAYER_KEY = "dev.stowage.layer.key";

    private Annotations() {}
}
