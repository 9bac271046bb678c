package dev.stowage.cli;

import picocli.CommandLine;

/** A Kafka bootstrap address given as {@code HOST:PORT} ({@code --kafka}). */
record KafkaAddress(String host, int port) {

    KafkaAddress {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("--kafka needs HOST:PORT");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("--kafka port must be 1-65535, got " + port);
    }

    static KafkaAddress parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) throw new IllegalArgumentException("--kafka must be HOST:PORT, got '" + text + "'");
        try {
            return new KafkaAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--kafka must be HOST:PORT, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
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
