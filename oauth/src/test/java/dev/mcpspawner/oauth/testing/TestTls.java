package dev.mcpspawner.oauth.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost}, {@code public.example} and 127.0.0.1/127.0.0.2
 * made with the JDK's keytool, an HTTPS server on loopback using it, and a socket factory that
 * trusts it (and nothing else).
 */
public final class TestTls {
  private static final char[] PASS = "changeit".toCharArray();
  private static TestTls instance;

  private final SSLContext server;
  private final SSLContext client;

  private TestTls(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      ks.load(in, PASS);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS);
    server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }

  public static synchronized TestTls get() {
    if (instance == null) {
      try {
        Path dir = Files.createTempDirectory("oauth-tls");
        Path ks = dir.resolve("test.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p =
            new ProcessBuilder(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "test",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "san=dns:localhost,dns:public.example,ip:127.0.0.1,ip:127.0.0.2",
                    "-keystore",
                    ks.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit",
                    "-keypass",
                    "changeit")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
          throw new IllegalStateException("keytool failed");
        }
        instance = new TestTls(ks);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  public SSLSocketFactory trustingSocketFactory() {
    return client.getSocketFactory();
  }

  /** A bare TLS listening socket on {@code address}:random port, for hosts that misbehave. */
  public javax.net.ssl.SSLServerSocket serverSocket(InetAddress address) {
    try {
      return (javax.net.ssl.SSLServerSocket)
          server.getServerSocketFactory().createServerSocket(0, 50, address);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTPS server on {@code address}:random port serving {@code handler} at {@code /}. */
  public HttpsServer serve(InetAddress address, HttpHandler handler) {
    try {
      HttpsServer s = HttpsServer.create(new InetSocketAddress(address, 0), 0);
      s.setHttpsConfigurator(new HttpsConfigurator(server));
      s.createContext("/", handler);
      s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
