package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A docker credential helper ({@code docker-credential-NAME get}, the docker-credential-helpers
 * protocol): the server URL on stdin, {@code {"ServerURL","Username","Secret"}} on stdout; a
 * non-zero exit saying "credentials not found" means none. The executable is looked up on the
 * {@code PATH} of the given environment. Identity tokens ({@code Username "<token>"}) are not supported.
 */
record CredentialHelper(String name, Map<String, String> env) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final long TIMEOUT_SECONDS = 30;

    CredentialHelper {
        if (!NAME.matcher(name).matches()) throw new BadInputException("credential helper '" + name + "'", "is not a valid helper name");
        env = Map.copyOf(env);
    }

    String executableName() {
        return "docker-credential-" + name;
    }

    Optional<Credentials> get(RegistryHost host) {
        Path exe = locate();
        String serverUrl = host.helperServerUrl();
        try {
            ProcessBuilder pb = new ProcessBuilder(exe.toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PATH", env.getOrDefault("PATH", ""));
            Process p = pb.start();
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw failed(host, "did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(stdout.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                if (out.toLowerCase(Locale.ROOT).contains("credentials not found")) return Optional.empty();
                throw failed(host, "exited " + p.exitValue()); // its output is not repeated: it could hold a secret
            }
            return parse(out, host);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw failed(host, "could not be run (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(host, "was interrupted");
        }
    }

    private Optional<Credentials> parse(String out, RegistryHost host) {
        JsonNode json;
        try {
            json = Json.reader().readTree(out);
        } catch (IOException e) {
            throw failed(host, "printed something that is not JSON"); // never echo it: it may hold the secret
        }
        String user = json == null ? "" : json.path("Username").asText("");
        String secret = json == null ? "" : json.path("Secret").asText("");
        if (secret.isEmpty() || user.isEmpty() || user.equals("<token>")) return Optional.empty();
        return Optional.of(new Credentials(user, secret));
    }

    private Path locate() {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, executableName());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        throw new BadInputException(executableName(), "credential helper not found on PATH");
    }

    private BadInputException failed(RegistryHost host, String what) {
        return new BadInputException(executableName(), "credential helper for " + host + " " + what);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
