package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WwwAuthenticateTest {
    @Test
    void parsesDistributionBearerChallengeWithCommaInQuotedScope() {
        List<WwwAuthenticate> all = WwwAuthenticate.parseAll(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:team/app:pull,push\"");
        assertThat(all).containsExactly(new WwwAuthenticate("bearer", Map.of(
                "realm", "https://auth.example/token",
                "service", "registry.example",
                "scope", "repository:team/app:pull,push")));
    }

    @Test
    void parsesSeveralChallengesInOneHeaderAndAcrossHeaders() {
        List<WwwAuthenticate> all = WwwAuthenticate.parseAll(List.of(
                "Basic realm=\"a, b\", Bearer realm=\"https://x/t\", error=\"insufficient_scope\"",
                "Negotiate abc+/==, NTLM"));
        assertThat(all).extracting(WwwAuthenticate::scheme).containsExactly("basic", "bearer", "negotiate", "ntlm");
        assertThat(all.get(0).param("realm")).contains("a, b");
        assertThat(all.get(1).param("error")).contains("insufficient_scope");
        assertThat(all.get(2).param(WwwAuthenticate.TOKEN68)).contains("abc+/==");
        assertThat(all.get(3).params()).isEmpty();
    }

    @Test
    void unquotedValuesEscapesCaseAndSpacesAroundEquals() {
        WwwAuthenticate c = WwwAuthenticate.parseAll("BASIC Realm = plain ,  charset=\"UTF-8\", title=\"say \\\"hi\\\"\"").get(0);
        assertThat(c.scheme()).isEqualTo("basic");
        assertThat(c.param("realm")).contains("plain");
        assertThat(c.param("CHARSET")).contains("UTF-8");
        assertThat(c.param("title")).contains("say \"hi\"");
    }

    @Test
    void prefersBearerOverBasicAndToleratesGarbage() {
        assertThat(WwwAuthenticate.preferred(List.of("Basic realm=\"r\"", "Bearer realm=\"https://t\"")))
                .map(WwwAuthenticate::scheme).contains("bearer");
        assertThat(WwwAuthenticate.preferred(List.of(""))).isEmpty();
        assertThat(WwwAuthenticate.parseAll("Bearer realm=\"unterminated")).singleElement()
                .satisfies(c -> assertThat(c.param("realm")).contains("unterminated"));
        assertThat(WwwAuthenticate.parseAll(",, =\"x\" Basic")).extracting(WwwAuthenticate::scheme).contains("basic");
    }
}
