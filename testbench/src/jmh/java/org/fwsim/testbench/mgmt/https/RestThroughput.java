package org.fwsim.testbench.mgmt.https;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.fwsim.firmware.Firmware;
import org.fwsim.firmware.FirmwareCommands;
import org.fwsim.hal.Appliance;
import org.fwsim.hal.Hypervisor;
import org.fwsim.hal.clock.SimClock;
import org.fwsim.hal.net.Ip4;
import org.fwsim.testbench.mgmt.ManagedDevice;
import org.fwsim.testbench.mgmt.ManagedDevices;

/**
 * REST requests per second across a small fleet over real HTTPS: N appliances behind one {@link
 * HttpsServer}, C keep-alive clients each cycling over the devices with a token GET of {@code
 * /api/v2/cmdb/system/interface} (and one PUT in ten). Usage: {@code RestThroughput [devices]
 * [clients] [seconds]}. A measurement, not a test.
 */
public final class RestThroughput {
  private RestThroughput() {}

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Hypervisor hv =
        Hypervisor.builder(SimClock.realtime(Instant.parse("2026-11-23T10:00:00Z")))
            .workers(1)
            .keygenThreads(1)
            .build();
    List<ManagedDevice> fleet = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      Appliance a = hv.newAppliance("FGVM01TM2601" + String.format("%04d", i), "FGT-" + i);
      Firmware fw =
          Firmware.boot(hv, a, Firmware.labDefault("FGT-" + i), FirmwareCommands.newRegistry())
              .get();
      String out =
          a.call(
                  () ->
                      fw.newSession()
                          .run(
                              "config system api-user\nedit bench\nset accprofile super_admin\n"
                                  + "next\nend\nexecute api-user generate-key bench"))
              .get();
      Matcher m = Pattern.compile("New API key: (\\S+)").matcher(out);
      m.find();
      tokens.add(m.group(1));
      fleet.add(
          new ManagedDevice(
              "FGT-" + i,
              a.serial(),
              fw,
              "port1",
              Ip4.parse("192.168.1.99"),
              Ip4.parse("127.0.1." + (i + 1))));
    }
    HttpsServer server = new HttpsServer(new ManagedDevices(hv, fleet), null);
    List<String> bases = new ArrayList<>();
    for (ManagedDevice d : fleet) {
      InetSocketAddress b = server.listen(new InetSocketAddress(d.hostInetAddress(), 0));
      bases.add("https://" + Ip4.toString(d.hostAddress()) + ":" + b.getPort());
    }
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        new SecureRandom());
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long warm = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                HttpClient http =
                    HttpClient.newBuilder()
                        .sslContext(trustAll)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                long n = client;
                while (System.nanoTime() < end) {
                  int d = (int) (n++ % devices);
                  boolean put = n % 10 == 0;
                  HttpRequest.Builder b =
                      HttpRequest.newBuilder(
                              URI.create(
                                  bases.get(d)
                                      + "/api/v2/cmdb/system/interface"
                                      + (put ? "/port2" : "")))
                          .header("Authorization", "Bearer " + tokens.get(d));
                  if (put) {
                    b.PUT(HttpRequest.BodyPublishers.ofString("{\"alias\":\"a" + n + "\"}"));
                  }
                  try {
                    HttpResponse<String> r =
                        http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    if (System.nanoTime() > warm) {
                      (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
              }));
    }
    CompletableFuture.allOf(runs.toArray(new CompletableFuture[0])).get();
    double rate = ok.get() / (double) (seconds - 2);
    System.out.printf(
        "devices=%d clients=%d seconds=%d ok=%d failed=%d rate=%.0f requests/s%n",
        devices, clients, seconds - 2, ok.get(), failed.get(), rate);
    server.close();
    hv.close();
  }
}
