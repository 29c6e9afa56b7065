package com.wolfscale.bench;

import com.wolfscale.mysql.client.ClientLogin;
import com.wolfscale.mysql.client.ConnectionStreams;
import com.wolfscale.mysql.client.Credential;
import com.wolfscale.mysql.client.LoginRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of the proxy benchmark's connection storm, run as its own process so its objects do not
 * count in the proxy's heap. Protocol on stdin/stdout: it opens IDLE logged-in connections and prints
 * "idle N"; on a line "storm" it opens RATE connections per second for SECONDS seconds (each logs in and
 * closes), then prints "storm p50_ms p99_ms failures"; on "quit" it closes everything and exits.
 *
 * <p>Usage: {@code ConnectionStorm HOST PORT USER PASSWORD IDLE RATE SECONDS}
 */
public final class ConnectionStorm {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args[3];
        int idle = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        List<Socket> held = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < idle; i++) {
            try {
                held.add(login(host, port, user, password));
            } catch (IOException e) {
                failed++;
            }
        }
        System.out.println("idle " + held.size() + " failed " + failed);
        System.out.flush();
        var stdin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.equals("storm")) {
                System.out.println(storm(host, port, user, password, rate, seconds));
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        for (Socket s : held) {
            s.close();
        }
    }

    private static String storm(String host, int port, String user, String password, int rate, int seconds)
            throws InterruptedException {
        int total = rate * seconds;
        double[] millis = new double[total];
        int[] failures = new int[1];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                long t0 = System.nanoTime();
                try (Socket s = login(host, port, user, password)) {
                    millis[index] = (System.nanoTime() - t0) / 1e6;
                } catch (IOException e) {
                    millis[index] = Double.NaN;
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double[] ok = Arrays.stream(millis).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return String.format("storm %.2f %.2f %d", pct(ok, 50), pct(ok, 99), failures[0]);
    }

    private static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
    }

    private static Socket login(String host, int port, String user, String password) throws IOException {
        Socket s = new Socket(host, port);
        s.setSoTimeout(10_000);
        try {
            ClientLogin.login(new ConnectionStreams(new BufferedInputStream(s.getInputStream(), 1024),
                    new BufferedOutputStream(s.getOutputStream(), 1024)), LoginRequest.of(user, Credential.password(password)));
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }
}
