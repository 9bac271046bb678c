package dev.stowage.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClosureGraphReaderTest {
    static final String A = "/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-app-1.0";
    static final String B = "/nix/store/9f9rjwlq8vfg1kz2qf0yk3bk2l0i9w9a-lib-2.0";

    private static ClosureGraph read(String json) {
        return ClosureGraphReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsNix28ArrayAndNewerObjectFormsAlike() {
        ClosureGraph array = read("[{\"path\":\"" + A + "\",\"narHash\":\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\",\"narSize\":1,\"references\":[\"" + B + "\",\"" + A + "\"],\"valid\":true},"
                + "{\"path\":\"" + B + "\",\"narHash\":\"sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73\",\"narSize\":2,\"references\":[]}]");
        ClosureGraph object = read("{\"" + A + "\":{\"narHash\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"narSize\":1,\"references\":[\"" + B + "\",\"" + A + "\"]},"
                + "\"" + B + "\":{\"narHash\":\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\",\"narSize\":2,\"references\":[]}}");
        assertThat(array).isEqualTo(object);
        assertThat(array.unreferenced()).containsExactly(StorePath.parse(A));
        assertThat(array.require(StorePath.parse(B)).narHash())
                .isEqualTo(Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void rejectsDanglingReferencesAndBadPaths() {
        assertThatThrownBy(() -> read("[{\"path\":\"" + A + "\",\"narHash\":\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\",\"narSize\":1,\"references\":[\"" + B + "\"]}]"))
                .hasMessageContaining("not in the closure");
        assertThatThrownBy(() -> read("[{\"path\":\"/nix/store/short-app\",\"narHash\":\"x\",\"narSize\":1}]"))
                .hasMessageContaining("entry [0]").hasMessageContaining("not a store path");
        assertThatThrownBy(() -> read("42")).hasMessageContaining("expected nix path-info JSON");
    }

    @Test
    void nixBase32RoundTripsAndMatchesNix() {
        byte[] raw = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").raw();
        // nix hash to-base32 sha256:e3b0c4... (the empty string's SHA-256)
        assertThat(NixBase32.encode(raw)).isEqualTo("0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73");
        assertThat(NixBase32.decode(NixBase32.encode(raw), 32)).isEqualTo(raw);
    }

    @Test
    void storePathValidation() {
        assertThat(StorePath.parse(A).name()).isEqualTo("app-1.0");
        assertThat(StorePath.parse(A).popularityTieKey()).isEqualTo("app-1.0-/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k");
        assertThatThrownBy(() -> StorePath.parse("/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1e-app")).hasMessageContaining("hash");
        assertThatThrownBy(() -> StorePath.parse("/nix/store/0c1mlhzvq5mqgsqhgjkjhnvnl4vm6r1k-.hidden")).hasMessageContaining("name");
    }
}
