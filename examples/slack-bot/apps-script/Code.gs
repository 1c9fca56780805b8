// Copies yesterday's stand-up answers from the team sheet into the weekly report tab.
function copyStandup() {
  const sheet = SpreadsheetApp.getActiveSpreadsheet();
  const answers = sheet.getSheetByName('Answers').getDataRange().getValues();
  sheet.getSheetByName('Weekly').getRange(1, 1, answers.length, answers[0].length).setValues(answers);
}
