package dev.stowage.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Kafka bootstrap servers given as {@code HOST:PORT[,HOST:PORT…]} ({@code --kafka}): any of them leads to the whole cluster. */
record KafkaAddress(List<Server> servers) {

    /** One bootstrap server. */
    record Server(String host, int port) {
        Server {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("--kafka needs HOST:PORT");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("--kafka port must be 1-65535, got " + port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    KafkaAddress {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) throw new IllegalArgumentException("--kafka needs HOST:PORT");
    }

    KafkaAddress(String host, int port) {
        this(List.of(new Server(host, port)));
    }

    static KafkaAddress parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("--kafka must be HOST:PORT[,HOST:PORT...], got '" + text + "'");
        List<Server> servers = new ArrayList<>();
        for (String one : text.split(",", -1)) servers.add(server(one.trim(), text));
        return new KafkaAddress(servers);
    }

    private static Server server(String one, String text) {
        int colon = one.lastIndexOf(':');
        if (colon <= 0 || colon == one.length() - 1) throw new IllegalArgumentException("--kafka must be HOST:PORT[,HOST:PORT...], got '" + text + "'");
        try {
            return new Server(one.substring(0, colon), Integer.parseInt(one.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--kafka must be HOST:PORT[,HOST:PORT...], got '" + text + "'");
        }
    }

    /** The bootstrap list as Kafka clients take it. */
    @Override
    public String toString() {
        return servers.stream().map(Server::toString).collect(Collectors.joining(","));
    }

    /** Picocli converter: a malformed address is a usage error (exit 2). */
    static final class Converter implements CommandLine.ITypeConverter<KafkaAddress> {
        @Override
        public KafkaAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
