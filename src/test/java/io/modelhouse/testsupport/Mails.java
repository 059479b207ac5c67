package io.modelhouse.testsupport;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mails Modelhouse wrote, read through the outbox API as a local run's script would. */
public final class Mails {

    private static final Pattern VERIFY = Pattern.compile("(https?://\\S+/trial/verify\\?token=[A-Za-z0-9_-]+)");

    private Mails() {
    }

    /** The verification link of the newest self-service mail to this address. */
    public static String verificationLink(String email) {
        String text = given().auth().oauth2(Tokens.admin()).queryParam("to", email).queryParam("kind", "trial-verify")
                .get("/api/outbox").then().statusCode(200).extract().path("[0].text");
        Matcher m = VERIFY.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new AssertionError("no verification link in the mail to " + email + ": " + text);
        }
        return m.group(1);
    }
}
