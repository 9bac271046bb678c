package dev.stowage.it.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** Whether something listens on a loopback port: what the harness awaits after starting a server. */
public final class LoopbackPort {
    private LoopbackPort() {}

    public static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
