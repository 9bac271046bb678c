package dev.stowage.publisher.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.error.BadInputException;
import dev.stowage.error.RefusedException;
import dev.stowage.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Docker Engine API on a unix socket ({@code DOCKER_HOST=unix://PATH}, default
 * {@code /var/run/docker.sock}); podman's compatible service ({@code podman system service
 * unix://PATH}) answers the same. Only what loading an image needs.
 */
public final class DockerEngine {
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    private final Path socket;
    private final UnixSocketHttp http;

    public DockerEngine(Path socket) {
        this.socket = socket;
        this.http = new UnixSocketHttp(socket);
    }

    /** From {@code DOCKER_HOST} in {@code variables} (the caller's environment; {@code unix://PATH} only), else the default socket. */
    public static DockerEngine fromVariables(Map<String, String> variables) {
        String host = variables.get("DOCKER_HOST");
        if (host == null || host.isBlank()) return new DockerEngine(DEFAULT_SOCKET);
        if (!host.startsWith("unix://") || host.length() == 7) {
            throw new BadInputException("DOCKER_HOST", "'" + host + "' is not supported: docker-daemon: outputs need unix://PATH");
        }
        return new DockerEngine(Path.of(host.substring(7)));
    }

    public Path socket() {
        return socket;
    }

    /**
     * {@code POST /images/load} with {@code archive} (a docker archive) as the body. Returns the
     * daemon's last message (e.g. "Loaded image: app:1"). Throws {@link RefusedException} naming
     * the socket when the daemon cannot be reached, and with the daemon's own message when it refuses.
     */
    public String load(Path archive, String subject) throws IOException {
        UnixSocketHttp.Response r;
        try {
            r = http.post("/images/load", "application/x-tar", archive);
        } catch (UnixSocketHttp.UnreachableException e) {
            throw new RefusedException(subject, "Docker Engine API not reachable: " + e.getMessage()
                    + " (is the daemon running? set DOCKER_HOST=unix://PATH)", e);
        }
        if (r.status() != 200) throw new RefusedException(subject, "the daemon at " + socket + " refused the image: " + message(r.body()), null);
        String last = "";
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = parse(line);
            if (n == null) continue;
            if (n.hasNonNull("error") || n.hasNonNull("errorDetail")) {
                String m = n.hasNonNull("error") ? n.get("error").asText() : n.get("errorDetail").path("message").asText();
                throw new RefusedException(subject, "the daemon at " + socket + " refused the image: " + m.strip(), null);
            }
            if (n.hasNonNull("stream")) last = n.get("stream").asText().strip();
        }
        return last;
    }

    /** {@code GET /images/json}: the daemon's image list as JSON (for checks). */
    public JsonNode images() throws IOException {
        UnixSocketHttp.Response r = http.get("/images/json");
        if (r.status() != 200) throw new IOException("GET /images/json: " + r.status() + " " + message(r.body()));
        return Json.reader().readTree(r.body());
    }

    private static String message(String body) {
        JsonNode n = parse(body.strip());
        if (n != null && n.hasNonNull("message")) return n.get("message").asText().strip();
        String s = body.strip();
        return s.isEmpty() ? "(no message)" : s.lines().findFirst().orElse(s);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.reader().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
