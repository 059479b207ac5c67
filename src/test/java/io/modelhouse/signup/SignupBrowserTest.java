package io.modelhouse.signup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import io.modelhouse.common.ModelhouseClock;
import io.modelhouse.testsupport.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * From the public request page to a person logged in in their model house, in one browser: the
 * form (every control labelled, in Chinese and English, at phone width too), the mail's link, and the
 * portal with their company, without a login form on the way. Screenshots 20–23.
 */
@QuarkusTest
class SignupBrowserTest {

    @Inject
    ModelhouseClock clock;

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void realTime() {
        clock.use(Clock.systemUTC());
    }

    @Test
    void aPersonRequestsATrialOnThePublicPageAndLandsLoggedInInTheirModelHouse() {
        String s = UUID.randomUUID().toString().substring(0, 6);
        String company = "浏览器自助物流" + s;
        String email = "zhaolei@browser-" + s + ".cn";
        try (HeadlessChromium b = HeadlessChromium.start("zh-CN")) {
            b.open(root + "trial?lang=en");
            b.waitFor("#trial-form");
            assertEquals(List.of(), b.unlabelledControls(), "every control has a label (en)");
            assertTrue(b.text("h1").contains("Try a model house"));
            b.screenshot("20-trial-form-en");
            b.open(root + "trial?lang=zh-CN");
            b.waitFor("#trial-form");
            assertEquals(List.of(), b.unlabelledControls(), "every control has a label (zh-CN)");
            b.width(390);
            assertEquals(List.of(), b.overflowing(), "nothing runs off a phone's screen");
            b.screenshot("21-trial-form-zh-390");
            b.width(1280);

            b.find("#company").sendKeys(company);
            b.find("#name").sendKeys("赵磊");
            b.find("#email").sendKeys(email);
            b.find("#kind-logistics").click();
            new Select(b.find("#companySize")).selectByValue("101-500");
            new Select(b.find("#role")).selectByValue("EB");
            // a person takes longer than the fill-time rule's 3 s: the app's clock says so
            clock.use(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
            b.find("#send").click();
            b.waitFor("#sent");
            assertTrue(b.text("#sent").contains(email), b.text("#sent"));
            b.screenshot("22-trial-sent-zh");

            b.open(SignupTest.link(email));
            b.waitFor("#scenario-panel");
            assertTrue(b.text("#company").contains(company), "their own company in the model house");
            assertTrue(b.driver.getCurrentUrl().startsWith(root + "portal"), b.driver.getCurrentUrl());
            b.screenshot("23-trial-landed-zh");
        }
    }
}
