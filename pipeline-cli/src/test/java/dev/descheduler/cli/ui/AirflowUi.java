package dev.descheduler.cli.ui;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;

/**
 * The Airflow UI in a real browser: Debian's headless {@code chromium} through its {@code chromedriver}, both found
 * on this machine (Selenium Manager would try to download them; nothing is downloaded here).
 */
public final class AirflowUi implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final WebDriver browser;
    private final URI airflow;

    private AirflowUi(WebDriver browser, URI airflow) {
        this.browser = browser;
        this.airflow = airflow;
    }

    /**
     * A browser on {@code airflow}. Without chromium the test is skipped, saying how to install it, except under CI,
     * where {@code .ci/run} installs it and its absence is a failure.
     */
    public static AirflowUi open(URI airflow) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = CHROMIUM + " or " + CHROMEDRIVER + " is missing: install Debian's chromium and"
                    + " chromium-driver (`sudo apt-get install chromium chromium-driver`; .ci/run does it)";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
                throw new AssertionError(missing + "; CI is set, so a missing browser fails instead of skipping");
            }
            throw new TestAbortedException(missing + "; skipped");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new AirflowUi(new ChromeDriver(service, options), airflow);
    }

    /** Signs in on Airflow's login form, as a user does; returns once the home page is shown. */
    public void logIn(String user, String password) {
        browser.get(airflow.resolve("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")))
                .sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/auth/login")));
    }

    /** Opens the DAG's page (its grid view) and returns the badge of its latest run, once the page has drawn it. */
    public WebElement latestRunBadge(String dagId) {
        browser.get(airflow.resolve("/dags/" + dagId).toString());
        return new WebDriverWait(browser, PATIENCE)
                .until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                        "//h2[normalize-space()='Latest Run']/following-sibling::div//*[@data-testid='state-badge']")));
    }

    /**
     * The element's background as the screen shows it, {red, green, blue} 0–255. Airflow's theme gives colours in
     * {@code oklch(...)}; drawing one pixel of it on a canvas turns any CSS colour into sRGB.
     */
    public int[] backgroundRgb(WebElement element) {
        List<?> rgba = (List<?>) ((JavascriptExecutor) browser)
                .executeScript(
                        "const pixel = document.createElement('canvas').getContext('2d');"
                                + " pixel.fillStyle = getComputedStyle(arguments[0]).backgroundColor;"
                                + " pixel.fillRect(0, 0, 1, 1);"
                                + " return Array.from(pixel.getImageData(0, 0, 1, 1).data);",
                        element);
        return new int[] {
            ((Number) rgba.get(0)).intValue(), ((Number) rgba.get(1)).intValue(), ((Number) rgba.get(2)).intValue()
        };
    }

    /** The grid view's task rows: the page has drawn the grid once they are there. */
    public void awaitGridRow(String taskId) {
        new WebDriverWait(browser, PATIENCE)
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.xpath("//*[normalize-space(text())='" + taskId + "']")));
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        browser.quit();
    }
}
