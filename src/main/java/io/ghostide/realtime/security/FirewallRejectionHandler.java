package io.ghostide.realtime.security;

import java.io.IOException;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall refused with a problem detail instead of an
 * exception: 421 for a {@code Host} the server does not answer to, 400 for any other refusal (an
 * encoded slash, a method outside the list). Either way before authentication: a rebound name
 * learns nothing, not even a 401.
 */
final class FirewallRejectionHandler implements RequestRejectedHandler {

    private static final Log logger = LogFactory.getLog(FirewallRejectionHandler.class);

    private static final int MISDIRECTED_REQUEST = 421;

    private final Predicate<String> allowedHostnames;

    private final ProblemResponses problems;

    FirewallRejectionHandler(Predicate<String> allowedHostnames, ProblemResponses problems) {
        this.allowedHostnames = allowedHostnames;
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejection)
            throws IOException {
        // a bad client request, not a server fault
        logger.debug("Firewall refused " + request.getMethod() + " " + request.getRequestURI() + ": " + rejection.getMessage());
        if (!this.allowedHostnames.test(request.getServerName())) {
            this.problems.write(request, response, MISDIRECTED_REQUEST, "Misdirected Request", "This server answers only"
                    + " to loopback names and addresses (and ghostide.security.allowed-hosts), not to Host '"
                    + abbreviate(String.valueOf(request.getHeader("Host"))) + "'");
            return;
        }
        this.problems.write(request, response, HttpStatus.BAD_REQUEST, "Bad Request",
                "The request was refused by the server's firewall: " + abbreviate(String.valueOf(rejection.getMessage())));
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "…";
    }
}
