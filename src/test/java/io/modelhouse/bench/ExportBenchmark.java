package io.modelhouse.bench;

import static io.restassured.RestAssured.given;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.LocalStackResource;
import io.modelhouse.testsupport.Tenants;
import io.modelhouse.testsupport.Tokens;
import io.modelhouse.testsupport.Wrk;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The export of a large model house (deploy/bench/export.sh): a tenant whose prospect made
 * bench.rows records (default 100,000; written with SQL as the owner), exported through the API.
 * Prints the time, the zip's size, the rows in it, and the heap the app used while it streamed
 * (sampled every 20 ms, after a GC before the start), to show that the rows are not held in memory.
 */
@QuarkusTest
class ExportBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 100_000);

    @Test
    void export() throws Exception {
        var made = Tenants.logistics("导出压测");
        try (Connection c = LocalStackResource.ownerConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO business_record (tenant_id, id, record_type, ref_no,"
                        + " title, status, occurs_at, member_id, amount, data, origin, created_at)"
                        + " SELECT ?, gen_random_uuid(), 'delivery_order', 'PS-B' || lpad(g::text, 7, '0'),"
                        + " '压测客户 ' || g || ' · 冷链配送', 'pending', now() - (g || ' minutes')::interval, NULL,"
                        + " (g % 1000) + 0.5, jsonb_build_object('customer', '压测客户 ' || g, 'pieces', g % 40,"
                        + " 'address', '上海市徐汇区漕溪北路 ' || g || ' 号'), 'prospect', now()"
                        + " FROM generate_series(1, ?) g")) {
            ps.setObject(1, UUID.fromString(made.id()));
            ps.setInt(2, ROWS);
            ps.executeUpdate();
        }
        System.gc();
        long before = heapUsed();
        AtomicLong peak = new AtomicLong(before);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(heapUsed(), Math::max), 0, 20, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        long bytes = 0;
        long records = 0;
        try (InputStream in = given().auth().oauth2(Tokens.presales())
                .get("/api/tenants/" + made.id() + "/export?origin=prospect")
                .then().statusCode(200).extract().asInputStream(); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                byte[] buf = new byte[65536];
                int n;
                long lines = 0;
                while ((n = zip.read(buf)) > 0) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
                if (e.getName().equals("business_record.csv")) {
                    records = lines - 1;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        StringBuilder report = new StringBuilder();
        report.append("| what | figure |\n|---|---|\n");
        report.append("| prospect records in the tenant | ").append(ROWS).append(" |\n");
        report.append("| records in business_record.csv | ").append(records).append(" |\n");
        report.append("| export, request to last byte (client side, unzipped while read) | ").append(Wrk.down(secs))
                .append(" s |\n");
        report.append("| files' bytes, uncompressed | ").append(bytes / 1024 / 1024).append(" MiB |\n");
        report.append("| heap in use before (after a GC) | ").append(before / 1024 / 1024).append(" MiB |\n");
        report.append("| heap in use at its highest while streaming (the test client's buffers included) | ")
                .append(peak.get() / 1024 / 1024).append(" MiB |\n");
        report.append("| the JVM's largest heap (-Xmx) | ").append(Runtime.getRuntime().maxMemory() / 1024 / 1024)
                .append(" MiB |\n");
        report.append("\nThe app and the client share one JVM here (@QuarkusTest), so the peak is an upper bound for the"
                + " export (garbage not yet collected included); the files themselves are ").append(bytes / 1024 / 1024)
                .append(" MiB.\n");
        System.out.print(report.toString().lines().map(l -> "[bench] " + l + "\n").reduce("", String::concat));
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
