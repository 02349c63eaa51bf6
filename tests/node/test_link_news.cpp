#include "node/link_news.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using slae::node::LinkNews;

namespace {

struct Heard {
  std::vector<std::string> lines;
  LinkNews::Sink sink() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
};

}  // namespace

TEST_CASE("a worker says once that it joined, lost its broker, and rejoined", "[link_news]") {
  Heard heard;
  LinkNews news("tcp://lab1:5555", false, heard.sink());
  news.welcomed(3);
  news.reconnecting(2.5);
  news.reconnecting(0.25);  // tries while the broker is away: no line each
  news.reconnecting(0.5);
  news.welcomed(7);
  CHECK(heard.lines == std::vector<std::string>{
                           "joined tcp://lab1:5555 as worker 3",
                           "lost the broker at tcp://lab1:5555 (silent for 2.5 s); reconnecting",
                           "rejoined tcp://lab1:5555 as worker 7"});
  // lost again after rejoining: said again
  news.reconnecting(2.5);
  CHECK(heard.lines.size() == 4);
}

TEST_CASE("a worker that never found its broker says so once, and joins", "[link_news]") {
  Heard heard;
  LinkNews news("ipc:///tmp/b", false, heard.sink());
  news.reconnecting(2.5);
  news.reconnecting(2.5);
  news.welcomed(1);
  CHECK(heard.lines == std::vector<std::string>{
                           "no broker answers at ipc:///tmp/b (silent for 2.5 s); still trying",
                           "joined ipc:///tmp/b as worker 1"});
}

TEST_CASE("a worker the broker gave up and took back on the same connection says so",
          "[link_news]") {
  Heard heard;
  LinkNews news("tcp://lab1:5555", false, heard.sink());
  news.welcomed(2);
  news.welcomed(5);  // stopped (SIGSTOP) past its expiry, then heard again
  CHECK(heard.lines.back() ==
        "the broker at tcp://lab1:5555 had given us up for silent; back as "
        "worker 5");
}

TEST_CASE("a quiet worker says nothing of its link", "[link_news]") {
  Heard heard;
  LinkNews news("tcp://lab1:5555", true, heard.sink());
  news.welcomed(2);
  news.reconnecting(2.5);
  news.welcomed(3);
  CHECK(heard.lines.empty());
}
