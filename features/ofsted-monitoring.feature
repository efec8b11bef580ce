Feature: Ofsted's monitoring visits and re-inspection of Tower Hamlets children's services

  A schedule, not a direction: Ofsted's timetable for monitoring a council whose children's
  services it judged inadequate, as the council's papers report it (seed paper 002: the minutes of
  the Best Value Improvement Board of 14 June 2017, item 7; the Children's Services Improvement
  progress report of 11 September 2017, paragraphs 3.7, 5.4 and 5.5). No direction imposes these
  visits on the council: each is Ofsted's expected event, tracked so that the council knows when to
  prepare, and every finding says the duty was Ofsted's.

  Quarterly monitoring visits, the first on 30-31 August 2017 (read as due by the end of the
  latest day, 31 August 2017), then every three calendar months; a re-inspection usually within two
  years of the action plan the council submitted on 19 July 2017.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  @ofsted-monitoring.monitoring-visits
  Scenario: The first visit, on 30-31 August 2017, is met, and it was Ofsted's duty
    The papers give the days of the visit, not the times: the whole of 30 and 31 August 2017 is on
    or before the end of 31 August, the latest day of the range.

    When compliance is checked on 1 October 2017
    Then Ofsted's first monitoring visit is met
    And the duty is Ofsted's, not the council's
    And the reason given is that this was the duty of Ofsted, not of the council

  @ofsted-monitoring.monitoring-visits
  Scenario Outline: Quarterly visits fall due every three calendar months from the first
    Open point: the minutes of 14 June 2017 spoke of visits in August and December 2017; the later
    papers say "quarterly". Read as every three calendar months from the first, clipped to the end
    of a shorter month.

    When compliance is checked on 1 October 2017
    Then Ofsted's <visit> monitoring visit falls due at the end of <due>

    Examples:
      | visit  | due              |
      | first  | 31 August 2017   |
      | second | 30 November 2017 |
      | third  | 28 February 2018 |
      | fourth | 31 May 2018      |

  @ofsted-monitoring.monitoring-visits
  Scenario: With no record of the second visit, it is not proven either way
    When compliance is checked on 1 January 2018
    Then Ofsted's second monitoring visit is unknown
    And the duty is Ofsted's, not the council's

  @ofsted-monitoring.monitoring-visits
  Scenario: Where the records of the visits are complete, a visit not made is overdue, and it is Ofsted's
    Given the council's records of Ofsted's monitoring visits are complete
    When compliance is checked on 1 January 2018
    Then Ofsted's second monitoring visit is overdue
    And the reason given is that this was the duty of Ofsted, not of the council

  @ofsted-monitoring.monitoring-visits
  Scenario Outline: A second visit in December, as the minutes of 14 June 2017 expected, is late against a quarterly timetable
    Given Ofsted's second monitoring visit was received by the London Borough of Tower Hamlets on <day>, at a time the papers do not give
    When compliance is checked on 1 January 2018
    Then Ofsted's second monitoring visit is <status>

    Examples:
      | day              | status   |
      | 30 November 2017 | met      |
      | 1 December 2017  | met late |
      | 12 December 2017 | met late |

  @ofsted-monitoring.monitoring-visits
  Scenario: A first visit known only to have been in August is met: the latest day of August is the due date
    Given Ofsted's first monitoring visit was received by the London Borough of Tower Hamlets on 31 August 2017, at a time the papers do not give
    When compliance is checked on 1 October 2017
    Then Ofsted's first monitoring visit is met
    And the computation of the due date says "31 August 2017"

  @ofsted-monitoring.re-inspection
  Scenario: The re-inspection is expected by the end of 19 July 2019, two years after the action plan
    When compliance is checked on 1 October 2017
    Then Ofsted's re-inspection falls due at the end of 19 July 2019
    And Ofsted's re-inspection is upcoming
    And the duty is Ofsted's, not the council's

  @ofsted-monitoring.re-inspection
  Scenario: A re-inspection in June 2019 is met
    Given Ofsted's re-inspection was received by the London Borough of Tower Hamlets at 09:00 on 14 June 2019
    When compliance is checked on 1 August 2019
    Then Ofsted's re-inspection is met

  @ofsted-monitoring.monitoring-visits
  Scenario: Nothing is expected of Ofsted after the schedule ends
    When compliance is checked on 1 August 2019
    Then nothing under the Ofsted monitoring schedule falls due after 19 July 2019
