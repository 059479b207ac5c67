package io.modelhouse.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver (packages chromium and
 * chromium-driver; nothing is downloaded at run time). Where either is missing the calling test is
 * reported skipped with that reason, never passed. Screenshots go to target/screenshots/.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String CHROMIUM = System.getProperty("modelhouse.chromium", "/usr/bin/chromium");
    public static final String CHROMEDRIVER = System.getProperty("modelhouse.chromedriver", "/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");

    public final ChromeDriver driver;
    private final WebDriverWait wait;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** A browser speaking {@code language} (zh-CN or en) first; skips the test when Chromium is not installed. */
    public static HeadlessChromium start(String language) {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute(), "browser tests skipped: no Chromium at " + CHROMIUM
                + " (Debian: apt-get install -y chromium chromium-driver)");
        Assumptions.assumeTrue(new File(CHROMEDRIVER).canExecute(), "browser tests skipped: no chromedriver at "
                + CHROMEDRIVER + " (Debian: apt-get install -y chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    public void open(String url) {
        driver.get(url);
    }

    /**
     * Logs in through Keycloak's pages as a person would: identity-first, so the username page and
     * then the password page, each submitted.
     */
    public void login(String url, String username, String password) {
        driver.get(url);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.cssSelector("[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password"))).sendKeys(password);
        driver.findElement(By.cssSelector("[type=submit]")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(url.replaceAll("\\?.*", "")));
    }

    public WebElement find(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    public void waitFor(String css) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public void waitForText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public void width(int px) {
        driver.manage().window().setSize(new Dimension(px, 900));
    }

    /** The whole page as a PNG, target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            Path to = SHOTS.resolve(name + ".png");
            Long height = (Long) ((JavascriptExecutor) driver)
                    .executeScript("return Math.min(document.documentElement.scrollHeight, 6000)");
            Dimension before = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(before.getWidth(), height.intValue()));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            driver.manage().window().setSize(before);
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The form controls of the page a screen reader could not name: no label (wrapping or for=),
     * no aria-label, no aria-labelledby. Each as tag#id[name].
     */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('input:not([type=hidden]):not([type=submit]),select,textarea')]"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                        + " && !e.getAttribute('aria-labelledby'))"
                        + ".map(e => e.tagName.toLowerCase() + '#' + e.id + '[' + e.name + ']')");
    }

    /** Elements wider than the window: what would make a phone scroll sideways. */
    @SuppressWarnings("unchecked")
    public List<String> overflowing() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "const w = document.documentElement.clientWidth;"
                        + "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1"
                        + " && getComputedStyle(e).position !== 'fixed' && !e.closest('table, pre, .scroll'))"
                        + ".slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className);");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
