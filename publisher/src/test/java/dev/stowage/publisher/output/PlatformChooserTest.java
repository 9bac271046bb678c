package dev.stowage.publisher.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import dev.stowage.oci.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformChooserTest {
    static Descriptor manifest(String platform) {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.ofBytes(platform.getBytes()), 10).withPlatform(Platform.parse(platform));
    }

    final Descriptor amd = manifest("linux/amd64");
    final Descriptor arm = manifest("linux/arm64/v8");

    @Test
    void theOnlyPlatformNeedsNoChoice() {
        assertThat(PlatformChooser.choose(List.of(amd), null)).isEqualTo(amd);
    }

    @Test
    void aChosenPlatformIsPicked() {
        assertThat(PlatformChooser.choose(List.of(amd, arm), Platform.parse("linux/arm64/v8"))).isEqualTo(arm);
    }

    @Test
    void severalPlatformsWithoutAChoiceNameThemAll() {
        assertThatThrownBy(() -> PlatformChooser.choose(List.of(amd, arm), null))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--platform: the image has 2 platforms (linux/amd64, linux/arm64/v8); choose one with --platform");
    }

    @Test
    void anUnknownPlatformNamesTheAvailableOnes() {
        assertThatThrownBy(() -> PlatformChooser.choose(List.of(amd, arm), Platform.parse("linux/s390x")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no platform linux/s390x").hasMessageContaining("linux/amd64, linux/arm64/v8");
    }
}
