# Every staging system of the C rule table (src/rules.c) is complete: an
# exported stage function (and score function when it has a score) whose
# arguments are the table's inputs in order, rows in b2m_rules(), a citation
# in b2m_methods(), entries in the b2m_annotate() registry, and tests at its
# boundaries. A system added to src/rules.c alone fails here
# (CONTRIBUTING.md, "Adding a staging system").

systems <- b2m:::staging_systems()
inputs <- b2m:::staging_input_table()

# The test_that() blocks of the test files: description and the names of
# the functions they call.
test_blocks <- local({
  files <- list.files(test_path(), "^test-.*[.]R$", full.names = TRUE)
  blocks <- list()
  for (file in files) {
    for (e in as.list(parse(file, keep.source = FALSE))) {
      if (is.call(e) && identical(e[[1]], as.name("test_that")) &&
          is.character(e[[2]])) {
        blocks[[length(blocks) + 1]] <- list(desc = e[[2]],
                                             calls = all.names(e[[3]]))
      }
    }
  }
  blocks
})

test_that("the rule table lists systems with distinct keys and their facts", {
  expect_gt(nrow(systems), 0)
  expect_false(anyDuplicated(systems$system) > 0)
  expect_true(all(grepl("^[a-z][a-z0-9_]*$", systems$system)))
  expect_true(all(systems$disease %in% levels(b2m_diagnosis(character()))))
  expect_true(all(grepl("^10[.]", systems$doi)))
  expect_true(all(lengths(systems$levels) >= 2))
  expect_true(all(inputs$system %in% systems$system))
})

test_that("every system has its exported functions, arguments in table order", {
  exports <- getNamespaceExports("b2m")
  for (i in seq_len(nrow(systems))) {
    mine <- inputs[inputs$system == systems$system[i], ]
    units <- unique(stats::na.omit(mine$unit_arg))
    funs <- stats::na.omit(c(systems$stage_fun[i], systems$score_fun[i]))
    for (fun in funs) {
      expect_true(fun %in% exports, label = fun)
      args <- names(formals(getExportedValue("b2m", fun)))
      n <- nrow(mine)
      expect_identical(args[seq_len(n)], mine$input, label = fun)
      # then the unit arguments, and any further option with a default
      rest <- formals(getExportedValue("b2m", fun))[-seq_len(n)]
      expect_setequal(names(rest)[seq_along(units)], units)
      expect_true(all(vapply(rest, function(a) !identical(a, quote(expr = )),
                             logical(1))), label = fun)
    }
  }
})

test_that("every system has criteria and groups in b2m_rules()", {
  rules <- b2m_rules()
  for (i in seq_len(nrow(systems))) {
    mine <- rules[rules$system == systems$system[i], ]
    groups <- mine[mine$input %in% "score", ]
    expect_identical(nrow(groups), length(systems$levels[[i]]),
                     label = systems$system[i])
    expect_gt(sum(!is.na(mine$points)), 0)
    expect_true(all(mine$doi == systems$doi[i]), label = systems$system[i])
  }
})

test_that("every system is cited by b2m_methods() with its DOI", {
  for (i in seq_len(nrow(systems))) {
    text <- b2m_methods(systems$system[i])
    expect_match(text, systems$doi[i], fixed = TRUE, label = systems$system[i])
    expect_match(text, systems$long_name[i], fixed = TRUE)
  }
})

test_that("every system has its b2m_annotate() entries, for its disease", {
  entries <- b2m:::annotate_registry()$entries
  fun_of <- stats::setNames(vapply(entries, `[[`, "", "fun"),
                            vapply(entries, `[[`, "", "output"))
  system_of <- stats::setNames(vapply(entries, `[[`, "", "system"),
                               names(fun_of))
  for (i in seq_len(nrow(systems))) {
    key <- systems$system[i]
    expect_identical(fun_of[[key]], systems$stage_fun[i])
    expect_identical(system_of[[key]], key)
    if (systems$has_score[i]) {
      expect_identical(fun_of[[paste0(key, "_score")]], systems$score_fun[i])
    }
  }
})

test_that("every system has tests at its boundaries", {
  boundary <- Filter(function(b) {
    grepl("boundar|threshold", b$desc, ignore.case = TRUE)
  }, test_blocks)
  for (i in seq_len(nrow(systems))) {
    funs <- stats::na.omit(c(systems$stage_fun[i], systems$score_fun[i]))
    tested <- vapply(boundary, function(b) any(funs %in% b$calls), logical(1))
    expect_true(any(tested), label = paste(systems$name[i], "boundary tests"))
  }
})
