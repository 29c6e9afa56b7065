package com.wolfscale.api.model;

/** Every error: {@code {"error": {"code": "...", "message": "..."}}} with a matching HTTP status. */
public record ErrorBody(Detail error) {

    /** A stable machine-readable code and a sentence for the operator that says what to do. */
    public record Detail(String code, String message) { }

    public static ErrorBody of(String code, String message) {
        return new ErrorBody(new Detail(code, message));
    }
}
