package dev.pipit.testkit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports nothing listens on, for a test server started in another process or library. */
public final class FreePorts {
    private FreePorts() {}

    /** One free port. */
    public static int one() throws IOException {
        return take(1)[0];
    }

    /**
     * {@code count} different free ports. All are held open until every one is chosen: a port closed before the
     * next was asked for could be handed out again, and a broker given the same port for two listeners refuses to
     * start (it happened in CI).
     */
    public static int[] take(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
