package dev.stowage.assembler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Digest;
import org.junit.jupiter.api.Test;

class BaseAnnotationsTest {
    static final Digest D = Digest.ofBytes(new byte[] {1});

    @Test
    void theNameIsTheTaggedReferenceOrTheDigestOneWithoutATag() {
        assertThat(BaseAnnotations.name("reg.example:5000/team/base:1@" + D)).isEqualTo("reg.example:5000/team/base:1");
        assertThat(BaseAnnotations.name("reg.example:5000/team/base@" + D)).isEqualTo("reg.example:5000/team/base@" + D);
        assertThat(BaseAnnotations.name("reg.example/base:2")).isEqualTo("reg.example/base:2");
    }
}
