// Numbers for people (sim/output/readable.hpp): separators, money rounded to what an interval
// supports, percentages, and undefined values said in words.
#include <doctest/doctest.h>

#include <cmath>

#include "sim/output/readable.hpp"

using namespace pcnsim;

TEST_CASE("readable: thousands separators and signs, and no minus zero") {
    CHECK(grouped(1234567) == "1,234,567");
    CHECK(grouped(-1234.5, 1) == "-1,234.5");
    CHECK(grouped(999) == "999");
    CHECK(grouped(-0.004, 2) == "0.00");
    CHECK(grouped(std::nan("")) == "n/a");
    CHECK(grouped(-5, 0, kHtmlStyle) == "\u2212\u20605");
}

TEST_CASE("readable: the step an interval supports is a twentieth of its width to a power of ten, at most three figures") {
    // The quick start's 1-WTE net benefit: -96,111 (-130,292 to -36,407): width 93,885, a twentieth 4,694.
    CHECK(supported_step(-96111, -130292, -36407) == 1000);
    CHECK(supported_step(267396) == 1000);                  // three significant figures
    CHECK(supported_step(267396, 237487, 295794) == 1000);  // width 58,307: 2,915 -> 1,000
    CHECK(supported_step(59.6, 0, 230) == 10);              // width 230: 11.5 -> 10
    CHECK(supported_step(0) == 1);
    CHECK(supported_step(1.5, 1.49, 1.51) == 0.01);         // the interval alone would allow 0.001: three figures win
}

TEST_CASE("readable: money is short and rounded, counts and percentages read as people write them") {
    CHECK(money(-96111, 1000) == "-96k");
    CHECK(money(-96111, 1000, kHtmlStyle) == "\u2212\u2060\u00a396k");
    CHECK(money(1234567, 1000) == "1.23m");
    CHECK(money(1234567, 100000) == "1.2m");
    CHECK(money(450, 1) == "450");
    CHECK(money(9600, 100) == "9,600");
    CHECK(money(12345, 100) == "12.3k");
    CHECK(money(0.2, 1) == "0");
    CHECK(money(999600, 1000) == "1.00m");  // the unit from the value as shown, not "1000k"
    CHECK(money(999999, 1) == "1.00m");
    CHECK(money(994000, 1000) == "994k");
    CHECK(money(std::nan(""), 1) == "n/a");
    CHECK(count(59.6, 10) == "60");
    CHECK(count(1781.4, 1) == "1,781");
    CHECK(percent(0.9167) == "92%");
    CHECK(percent(0.004) == "0.4%");
    CHECK(percent(0.996) == "99.6%");
    CHECK(percent(1) == "100%");
    CHECK(percent(0) == "0%");
}

TEST_CASE("readable: three significant figures without trailing zeros") {
    CHECK(significant(4) == "4");
    CHECK(significant(0.0123456) == "0.0123");
    CHECK(significant(0.5) == "0.5");
    CHECK(significant(47458.2) == "47,458");
    CHECK(significant(-3.04) == "-3.04");
    CHECK(significant(123.4) == "123");
}
