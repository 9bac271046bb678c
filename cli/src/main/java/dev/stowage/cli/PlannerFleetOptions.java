package dev.stowage.cli;

import dev.stowage.fleet.PlannerFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code serve planner --catalog kafka://… --webhook-port N --webhook-token-file FILE}: the
 * planner also runs the fleet ({@link PlannerFleet}). The token comes from a file or from
 * {@value #TOKEN_ENV}, never from the command line.
 */
final class PlannerFleetOptions {
    static final String TOKEN_ENV = "STOWAGE_WEBHOOK_TOKEN";
    @Option(names = "--catalog", paramLabel = "kafka://HOST:PORT/TOPIC",
            description = "planner: also run the fleet of this catalog (reverse index, fleet planner, tracker, change webhook)") String catalog;
    @Option(names = "--webhook-port", paramLabel = "N",
            description = "planner with --catalog: port of POST /v1/changes (default 8081; 0 picks a free port, printed); bound to --health-host") Integer webhookPort;
    @Option(names = "--webhook-token-file", paramLabel = "FILE",
            description = "planner with --catalog: file holding the webhook's shared bearer token (default: the " + TOKEN_ENV + " variable)") Path tokenFile;

    /** The fleet part to run, or null without {@code --catalog}; a misuse is a usage error. {@code env}: the process's variables. */
    PlannerFleet.Config config(CommandLine cl, boolean planner, String host, Map<String, String> env) {
        if (catalog == null) {
            if (webhookPort != null || tokenFile != null) throw usage(cl, "--webhook-port and --webhook-token-file need --catalog");
            return null;
        }
        if (!planner) throw usage(cl, "--catalog applies to planner only");
        if (!catalog.startsWith("kafka://")) throw usage(cl, "--catalog must be kafka://HOST:PORT/TOPIC for a service, got " + catalog);
        int port = webhookPort == null ? 8081 : webhookPort;
        if (port < 0 || port > 65535) throw usage(cl, "--webhook-port must be 0-65535, got " + port);
        return new PlannerFleet.Config(catalog, host, port, token(cl, env));
    }

    private String token(CommandLine cl, Map<String, String> env) {
        String token;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            } catch (NoSuchFileException e) {
                throw usage(cl, "--webhook-token-file " + tokenFile + ": no such file");
            } catch (IOException e) {
                throw usage(cl, "--webhook-token-file " + tokenFile + ": cannot read it");
            }
            if (token.isEmpty()) throw usage(cl, "--webhook-token-file " + tokenFile + ": the file is empty");
        } else {
            token = env.getOrDefault(TOKEN_ENV, "").strip();
            if (token.isEmpty()) throw usage(cl, "--catalog needs the webhook token: --webhook-token-file FILE or " + TOKEN_ENV);
        }
        return token;
    }

    private static CommandLine.ParameterException usage(CommandLine cl, String message) {
        return new CommandLine.ParameterException(cl, message);
    }
}
