package dev.descheduler.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import okhttp3.Authenticator;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.Route;

/**
 * Signs every call with a bearer JWT from {@code POST /auth/token}. The token is fetched on the first call and kept;
 * when Airflow answers 401 (the token expired, or the api-server restarted with another secret) a new token is fetched
 * once and the call repeated. A second 401 in a row goes back to the caller: it is not going to get better.
 */
final class BearerTokens implements Interceptor, Authenticator {

    private static final MediaType JSON = MediaType.get("application/json");

    private final AirflowConnection connection;
    private final OkHttpClient tokenClient;
    private final ObjectMapper json;
    private String token;

    /** {@code tokenClient} fetches tokens; it must not itself use this authenticator. */
    BearerTokens(AirflowConnection connection, OkHttpClient tokenClient, ObjectMapper json) {
        this.connection = connection;
        this.tokenClient = tokenClient;
        this.json = json;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(signed(chain.request(), current()));
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        if (response.priorResponse() != null) {
            return null; // the renewed token was refused too
        }
        String refused = response.request().header("Authorization");
        synchronized (this) {
            // another call may have renewed it already while this one was in flight
            if (refused != null && refused.equals("Bearer " + token)) {
                token = null;
            }
        }
        return signed(response.request(), current());
    }

    private static Request signed(Request request, String token) {
        return request.newBuilder().header("Authorization", "Bearer " + token).build();
    }

    private synchronized String current() throws IOException {
        if (token == null) {
            token = fetch();
        }
        return token;
    }

    private String fetch() throws IOException {
        String url = connection.base() + "/auth/token";
        byte[] body = json.writeValueAsBytes(Map.of("username", connection.user(), "password", connection.password()));
        Request request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, JSON))
                .build();
        try (Response response = tokenClient.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (response.code() == 401 || response.code() == 403) {
                throw new AirflowException("Airflow at " + connection.baseUrl() + " refused the credentials of user '"
                        + connection.user() + "' (HTTP " + response.code() + "): check the password"
                        + " (--password-file, AIRFLOW_PASSWORD; `make status` prints the local one)");
            }
            if (!response.isSuccessful()) {
                throw new AirflowException("Airflow at " + url + " did not issue a token: HTTP " + response.code() + " "
                        + AirflowResponses.detail(json, text));
            }
            JsonNode accessToken = json.readTree(text).path("access_token");
            if (!accessToken.isTextual() || accessToken.asText().isEmpty()) {
                throw new AirflowException("Airflow at " + url + " answered without an access_token: " + text);
            }
            return accessToken.asText();
        } catch (ConnectException e) {
            throw AirflowResponses.unreachable(connection, e);
        }
    }
}
