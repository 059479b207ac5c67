package io.modelhouse.template;

import java.util.List;

import io.modelhouse.common.ApiProblem;

/** A template bundle with mistakes: every one found, each with its file, line (when known) and what to do. */
public class BundleProblem extends ApiProblem {

    public BundleProblem(String bundle, List<FieldError> errors) {
        super(422, "Invalid template bundle",
                "Template bundle '" + bundle + "' has " + errors.size() + " problem(s); nothing was stored.", errors);
    }
}
