// "When can we get in?" in the tenant's own words, read as the half days and weekdays to offer.
import { accessTimes } from "../../src/appointments/access";

const ALL = [1, 2, 3, 4, 5, 6, 7];

test.each([
  ["not tuesdays, i work mornings", ["PM"], [1, 3, 4, 5, 6, 7]],
  ["mornings not fridays", ["AM"], [1, 2, 3, 4, 6, 7]],
  ["tue or thu after 12", ["PM"], [2, 4]],
  ["any day after 3pm", ["PM"], ALL],
  ["before 10am please", ["AM"], ALL],
  ["im out all day mondays", ["AM", "PM"], [2, 3, 4, 5, 6, 7]],
  ["whenever suits", ["AM", "PM"], ALL],
])("%s", (words, timesOfDay, daysOfWeek) => {
  expect(accessTimes("other", words)).toEqual({ timesOfDay, daysOfWeek });
});

test("the choices themselves: mornings, afternoons, any weekday", () => {
  expect(accessTimes("mornings", undefined).timesOfDay).toEqual(["AM"]);
  expect(accessTimes("afternoons", undefined).timesOfDay).toEqual(["PM"]);
  expect(accessTimes("any", undefined)).toEqual({ timesOfDay: ["AM", "PM"], daysOfWeek: ALL });
});
