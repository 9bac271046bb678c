package dev.stowage.registryserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Accept headers read an index; RegistryMultiArchTest pulls with real clients. */
class AcceptNegotiationTest {
    @Test
    void anIndexTypeOrAWildcardInAnyAcceptHeaderReadsAnIndex() {
        assertThat(AcceptNegotiation.acceptsIndex(List.of())).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.docker.distribution.manifest.list.v2+json;q=0.5"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("*/*"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json"))).isTrue();
        assertThat(AcceptNegotiation.acceptsIndex(List.of("application/vnd.docker.distribution.manifest.v2+json"))).isFalse();
    }
}
