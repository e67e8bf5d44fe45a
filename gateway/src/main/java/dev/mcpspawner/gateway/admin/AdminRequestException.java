package dev.mcpspawner.gateway.admin;

/** An admin API request that cannot be done as asked; {@code HttpErrors} makes it a problem. */
public final class AdminRequestException extends RuntimeException {
  /** What went wrong, in the terms of RFC 9110 status codes. */
  public enum Problem {
    BAD_REQUEST(400, "Bad Request"),
    NOT_FOUND(404, "Not Found"),
    CONFLICT(409, "Conflict");

    private final int status;
    private final String title;

    Problem(int status, String title) {
      this.status = status;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }
  }

  private final Problem problem;

  public AdminRequestException(Problem problem, String detail) {
    super(detail);
    this.problem = problem;
  }

  public static AdminRequestException badRequest(String detail) {
    return new AdminRequestException(Problem.BAD_REQUEST, detail);
  }

  public static AdminRequestException notFound(String detail) {
    return new AdminRequestException(Problem.NOT_FOUND, detail);
  }

  public Problem problem() {
    return problem;
  }
}
