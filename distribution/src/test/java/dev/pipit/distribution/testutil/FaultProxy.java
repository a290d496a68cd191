package dev.pipit.distribution.testutil;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between Pipit and an HTTP server (S3Proxy, the GCS emulator, ElasticMQ) that breaks chosen
 * requests the ways networks and S3 break them, and counts the bytes the server answered. Each request is matched by
 * a part of its head: its request line ({@code GET /bucket/key}) or a header (SQS names its action in
 * {@code X-Amz-Target}); the rest go through untouched. A request body of a stated {@code Content-Length} is
 * forwarded after the head, or, when the client waits for {@code 100 Continue} first (an S3 upload), relayed beside
 * the answer, so that the server's {@code 100} reaches the client.
 * Every connection carries one request ({@code Connection: close} is forced on both sides), so
 * each of the client's retries is a request the proxy sees and can count.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does to a matched request. */
    public enum Fault {
        /** The connection is reset (RST) before any answer. */
        RESET,
        /** The answer's head and its first bytes go through, then nothing more: the client's read must time out. */
        STALL,
        /** The answer's head and its first bytes go through, then the connection closes cleanly mid-body. */
        CUT_BODY,
        /** S3's "500 InternalError", without asking the server. */
        STATUS_500,
        /** S3's "503 SlowDown", without asking the server. */
        STATUS_503,
        /** S3's "403 AccessDenied", as for an identity without the permission, without asking the server. */
        STATUS_403,
        /** No answer at all, until the client goes away: a request in flight when a test kills its client. */
        HOLD
    }

    private static final int BODY_BYTES_BEFORE_FAULT = 4096;
    private static final int STALL_MILLIS = 30_000;

    private final ServerSocket server;
    private final URI upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final AtomicLong bytesAnswered = new AtomicLong();

    private FaultProxy(ServerSocket server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
    }

    /** Starts a proxy in front of {@code upstream} ({@code http://127.0.0.1:PORT}). */
    public static FaultProxy start(URI upstream) throws IOException {
        FaultProxy proxy = new FaultProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                requireNonNull(upstream, "upstream is null"));
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Lets every request through from now on. */
    public void clear() {
        rules.clear();
    }

    /** Applies {@code fault} to the next {@code times} requests whose head contains {@code headPart}. */
    public void inject(String headPart, Fault fault, int times) {
        rules.add(new Rule(headPart, fault, new AtomicInteger(times)));
    }

    /** Applies {@code fault} to every request whose head contains {@code headPart}. */
    public void injectAlways(String headPart, Fault fault) {
        inject(headPart, fault, Integer.MAX_VALUE);
    }

    /** How many requests whose head contains {@code part} the proxy has seen. */
    public long requests(String part) {
        return heads.stream().filter(line -> line.contains(part)).count();
    }

    /** The bytes of every answer the server sent through the proxy, heads included: what Pipit downloaded. */
    public long bytesAnswered() {
        return bytesAnswered.get();
    }

    public int injected(Fault fault) {
        return injected.get(fault).get();
    }

    public int injectedInAll() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream fromClient = client.getInputStream();
            byte[] head = readHead(fromClient);
            if (head == null) {
                return;
            }
            String headText = new String(head, ISO_8859_1);
            byte[] body = fromClient.readNBytes(contentLength(headText));
            heads.add(headText);
            Fault fault = faultFor(headText);
            if (fault != null) {
                injected.get(fault).incrementAndGet();
            }
            if (fault == Fault.RESET) {
                client.setSoLinger(true, 0);
                return;
            }
            if (fault == Fault.STATUS_500 || fault == Fault.STATUS_503 || fault == Fault.STATUS_403) {
                answer(client.getOutputStream(), fault);
                return;
            }
            if (fault == Fault.HOLD) {
                while (fromClient.read() >= 0) {
                    // discard, until the client closes or dies
                }
                return;
            }
            forward(client, fromClient, withConnectionClose(headText), body, fault);
        } catch (IOException e) {
            // The client gave up (a timeout, a retry): the connection is over either way.
        }
    }

    private void forward(Socket client, InputStream fromClient, String head, byte[] body, Fault fault)
            throws IOException {
        try (Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
            OutputStream toServer = server.getOutputStream();
            toServer.write(head.getBytes(ISO_8859_1));
            toServer.write(body);
            toServer.flush();
            long afterContinue = bodyAfterContinue(head);
            if (afterContinue > 0) {
                threads.execute(() -> relay(fromClient, toServer, afterContinue));
            }
            InputStream fromServer = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            if (fault == null) {
                copy(fromServer, toClient, Long.MAX_VALUE);
                return;
            }
            byte[] answerHead = readHead(fromServer);
            if (answerHead == null) {
                return;
            }
            toClient.write(answerHead);
            bytesAnswered.addAndGet(answerHead.length);
            copy(fromServer, toClient, BODY_BYTES_BEFORE_FAULT);
            toClient.flush();
            if (fault == Fault.STALL) {
                client.setSoTimeout(STALL_MILLIS);
                // Waits for the client to give up and close; its read timeout is what the test exercises.
                while (fromClient.read() >= 0) {
                    // discard
                }
            }
        }
    }

    private static void answer(OutputStream toClient, Fault fault) throws IOException {
        String code = switch (fault) {
            case STATUS_503 -> "SlowDown";
            case STATUS_403 -> "AccessDenied";
            default -> "InternalError";
        };
        String status = switch (fault) {
            case STATUS_503 -> "HTTP/1.1 503 Slow Down";
            case STATUS_403 -> "HTTP/1.1 403 Forbidden";
            default -> "HTTP/1.1 500 Internal Server Error";
        };
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                + "</Code><Message>injected by the test's fault proxy</Message></Error>";
        String answer = status + "\r\n"
                + "Content-Type: application/xml\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n\r\n" + body;
        toClient.write(answer.getBytes(ISO_8859_1));
        toClient.flush();
    }

    private Fault faultFor(String head) {
        for (Rule rule : rules) {
            boolean matches = head.contains(rule.headPart());
            if (matches && rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                return rule.fault();
            }
        }
        return null;
    }

    /**
     * The body's length to forward with the head; 0 for a client that waits for {@code 100 Continue} before it sends
     * its body (an S3 upload), whose body {@link #bodyAfterContinue} relays.
     */
    private static int contentLength(String head) {
        return expectsContinue(head) ? 0 : declaredLength(head);
    }

    /** The length of a body the client sends only once the server said {@code 100 Continue}; else 0. */
    private static int bodyAfterContinue(String head) {
        return expectsContinue(head) ? declaredLength(head) : 0;
    }

    private static boolean expectsContinue(String head) {
        return head.toLowerCase(Locale.ROOT).contains("\r\nexpect:");
    }

    /** Copies a request body to the server while the server's answer is copied to the client. */
    private static void relay(InputStream fromClient, OutputStream toServer, long length) {
        byte[] buffer = new byte[8192];
        long left = length;
        try {
            int count;
            while (left > 0 && (count = fromClient.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                toServer.write(buffer, 0, count);
                left -= count;
            }
            toServer.flush();
        } catch (IOException e) {
            // One side closed; the answer's copy learns it too.
        }
    }

    private static int declaredLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    /** The head with any {@code Connection} header replaced by {@code Connection: close}. */
    private static String withConnectionClose(String head) {
        List<String> lines = new ArrayList<>(List.of(head.substring(0, head.length() - 4).split("\r\n")));
        lines.removeIf(line -> line.toLowerCase(Locale.ROOT).startsWith("connection:"));
        lines.add("Connection: close");
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    /** The bytes up to and including the blank line that ends an HTTP head, or {@code null} at end of stream. */
    private static byte[] readHead(InputStream input) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = input.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private void copy(InputStream from, OutputStream to, long limit) {
        byte[] buffer = new byte[8192];
        long left = limit;
        try {
            int count;
            while (left > 0 && (count = from.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                to.write(buffer, 0, count);
                to.flush();
                bytesAnswered.addAndGet(count);
                left -= count;
            }
        } catch (IOException e) {
            // One side closed; the other learns it when its own socket closes.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    private record Rule(String headPart, Fault fault, AtomicInteger remaining) {}
}
