package dev.stowage.cli;

import dev.stowage.event.LayerBuilt;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/** Layer progress on stderr: a redrawn bar on a terminal, one plain line per finished layer otherwise. */
final class Progress {
    private final PrintWriter err;
    private final boolean tty;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();

    Progress(PrintWriter err, boolean tty, int total) {
        this.err = err;
        this.tty = tty;
        this.total = total;
    }

    synchronized void layer(LayerBuilt l) {
        int n = done.incrementAndGet();
        String what = String.format("%s layer %d/%d %s %s (%s)", l.platform(), l.layerIndex() + 1, l.layerCount(),
                l.cached() ? "cached" : "built", l.blob().digest().shortHex(), Sizes.human(l.blob().size()));
        if (tty) {
            int width = 30;
            int filled = total == 0 ? width : n * width / total;
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + n + "/" + total + "  " + what + "\033[K");
            if (n == total) err.println();
        } else {
            err.println(what);
        }
        err.flush();
    }
}
