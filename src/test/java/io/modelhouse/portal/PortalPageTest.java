package io.modelhouse.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.modelhouse.testsupport.BrowserSession;
import io.modelhouse.testsupport.Tenants;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The prospect's first page, reached through the real Keycloak login (authorization-code flow). */
@QuarkusTest
class PortalPageTest {

    @TestHTTPResource("/portal")
    URL portal;

    @Test
    void aProspectLogsInAndSeesTheirCompanyDaysLeftOrgChartAndRecords() {
        var made = Tenants.logistics("顺达同城配送");
        String[] login = made.login("boss");
        var browser = new BrowserSession();

        var page = browser.login(portal.toString(), login[0], login[1]);

        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.uri().toString().startsWith(portal.toString()), "back on the portal: " + page.uri() + "\n"
                + page.body().replaceAll("(?s)<style.*?</style>", "").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "));
        String html = page.body();
        assertTrue(html.contains(made.company()), "company name shown");
        assertTrue(html.contains("试用还剩 30 天"), "days left shown in Chinese");
        assertTrue(html.contains("组织架构") && html.contains("调度中心"), "org chart shown");
        assertTrue(html.contains("配送单") && html.contains("PS-"), "records shown");

        String channels = browser.get(portal + "?view=channels").body();
        assertTrue(channels.contains("调度大厅") && channels.contains("id=\"entries\""), "the workspace's channels and messages");
        String scenarios = browser.get(portal + "?view=scenarios").body();
        assertTrue(scenarios.contains("您的角色"), "the scenarios of the person's role come first");
        assertTrue(browser.get(portal + "?view=integrations").body().contains("wms"), "integrations with their settings");

        String english = browser.get(portal + "?lang=en").body();
        assertTrue(english.contains("30 days left in your trial") && english.contains("Org chart"), "English on request");
    }

    @Test
    void staffLoggingIntoThePortalAreToldWhereTheyAre() {
        var page = new BrowserSession().login(portal.toString(), "presales", "presales");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("这里是客户的样板房入口"), page.body());
    }
}
