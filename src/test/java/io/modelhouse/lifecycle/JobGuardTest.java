package io.modelhouse.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.Parallel;
import io.modelhouse.testsupport.Pools;
import io.modelhouse.testsupport.Settled;
import io.modelhouse.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job that must run once across the cluster runs once, whoever starts it: the schedule on two
 * nodes, or operators calling /api/ops at the same time (both go through one PostgreSQL advisory
 * lock; the two-node schedule itself is ClusteredJobsIT's).
 */
@QuarkusTest
class JobGuardTest {

    @Test
    void twoRefillsAtOnceFillThePoolOnce() {
        String key = Pools.template("guard");
        Pools.size(key, 2);
        String admin = Tokens.admin();
        List<Integer> statuses = Parallel.run(2, () -> given().auth().oauth2(admin).post("/api/ops/pool-refill").statusCode());
        assertEquals(List.of(200, 200), statuses);
        assertEquals(2, Pools.ready(key), "two refills at once overfilled a pool of 2");
        Pools.size(key, 0);
        Settled.assertSettled();
    }

    @Test
    void everyOperationRunsOneAtATime() {
        String admin = Tokens.admin();
        for (String job : List.of("reconcile", "expiry-warnings", "expiry", "purge-expired", "data-clock")) {
            List<Integer> statuses = Parallel.run(3, () -> given().auth().oauth2(admin).post("/api/ops/" + job).statusCode());
            assertEquals(List.of(200, 200, 200), statuses, job);
        }
    }
}
