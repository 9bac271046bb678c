package dev.stowage.registryserver;

/** Header names and values every answer shares. */
final class Headers {
    static final String API_VERSION = "Docker-Distribution-API-Version";
    static final String API_VERSION_VALUE = "registry/2.0";
    static final String CONTENT_DIGEST = "Docker-Content-Digest";

    private Headers() {}
}
