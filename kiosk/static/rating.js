/* A rating refused (409 from POST …/feedback), in the page's own words: the error code -> the
 * key of its text in rating_strings() (kiosk/pages.py). Shared by the status page and the
 * kiosk's rating screen. */
export const REFUSALS = {
  not_finished: "feedback_not_finished",
  already_rated: "feedback_already",
  feedback_closed: "feedback_closed",
};
