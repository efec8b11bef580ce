Feature: The commissioners' directions to Example Borough (an illustrative intervention)
  A worked example (directions/README.md): functions transferred to commissioners, some returned by
  variation; statutory officers appointed only with the commissioners' prior agreement; the Secretary
  of State's appointment of the commissioners; reports after three and six months, then six-monthly;
  and an end five years less a day after the directions. Each decision is judged at the instant it
  was taken.

  Background:
    Given the records of Example Borough Council as the council papers state them

  Rule: Functions transferred to the commissioners

    @commissioners-2014.transferred-functions
    Scenario: A grant made by a commissioner is met
      When compliance is checked on 1 January 2016
      Then the transferred functions for the decision of 10 February 2015 is met
      And the finding rests on the decision of 10 February 2015
      And the duty is the council's

    @commissioners-2014.transferred-functions
    Scenario: A grant made by the Mayor is a breach
      Given the Mayor decided "Grant to a youth club" in grant making at 11:00 on 2 June 2015
      When compliance is checked on 1 January 2016
      Then the Council is in breach of the transferred functions for the decision of 2 June 2015
      And the computation of the due date says "a duty about a decision is judged at the instant it was taken"

    @commissioners-2014.transferred-functions
    Scenario: A decision whose record does not say who took it is unknown
      Given a decision "Polling district review" was taken in electoral registration at 10:00 on 8 June 2015, the papers not saying by whom
      When compliance is checked on 1 January 2016
      Then the transferred functions for the decision of 8 June 2015 is unknown
      And the reason given is that the record does not say in which capacity the decision was taken

    @commissioners-2014.transferred-functions
    Scenario: A decision whose record does not name the function is unknown, not met on a guess
      Given the Mayor decided "Car park charges" at 09:00 on 9 June 2015, the papers not saying in which function
      When compliance is checked on 1 January 2016
      Then the transferred functions for the decision of 9 June 2015 is unknown

    @commissioners-2014.transferred-functions
    Scenario: A decision outside the transferred functions gives no finding
      Given the Mayor decided "Appointment of the Chief Finance Officer" in statutory officer appointments at 10:00 on 10 June 2015
      When compliance is checked on 1 January 2016
      Then there is no finding for the transferred functions for the decision of 10 June 2015

    @commissioners-2014.transferred-functions
    Scenario: A decision taken after the as-of date is not yet known
      Given the Mayor decided "Grant to a choir" in grant making at 11:00 on 2 March 2016
      When compliance is checked on 1 March 2016
      Then there is no finding for the transferred functions for the decision of 2 March 2016

  Rule: A function returned by variation

    @commissioners-2014-v2.electoral-registration
    Scenario: On the last day electoral registration stays transferred, the Mayor's decision is a breach
      When compliance is checked on 1 June 2016
      Then electoral registration until its return for the decision of 31 March 2016 is in breach

    @commissioners-2014-v2.electoral-registration
    Scenario: On the day electoral registration returns, the Mayor's decision is the council's own
      When compliance is checked on 1 June 2016
      Then there is no finding for electoral registration until its return for the decision of 1 April 2016
      And there is no finding for the transferred functions for the decision of 1 April 2016 under the new version

    @commissioners-2014-v2.transferred-functions
    Scenario: Grant-making stays with the commissioners after the variation
      When compliance is checked on 1 June 2016
      Then the transferred functions for the decision of 10 May 2016 under the new version is in breach
      And there is no finding for the transferred functions for the decision of 10 May 2016

  Rule: Statutory officers appointed only with the commissioners' prior agreement

    @commissioners-2014.statutory-officers @commissioners-2014-v2.statutory-officers
    Scenario: Agreement given before the appointment is met
      When compliance is checked on 1 January 2016
      Then the commissioners' agreement to appointments for the decision of 1 June 2015 is met

    @commissioners-2014.statutory-officers
    Scenario: Agreement given after the decision is not prior agreement
      When compliance is checked on 1 January 2016
      Then the Council is in breach of the commissioners' agreement to appointments for the decision of 10 September 2015
      And the readings include "an agreement given after the decision does not count"

    @commissioners-2014.statutory-officers
    Scenario: Agreement given later the same day is still after the decision
      Given the Cabinet decided "Appointment of a deputy Monitoring Officer" in statutory officer appointments at 10:00 on 14 October 2015
      And the Commissioner agreed to it at 16:00 on 14 October 2015
      When compliance is checked on 1 January 2016
      Then the commissioners' agreement to appointments for the decision of 14 October 2015 is in breach

    @commissioners-2014.statutory-officers
    Scenario: Agreement given at the very minute of the decision is in time
      Given the Cabinet decided "Appointment of a deputy Monitoring Officer" in statutory officer appointments at 10:00 on 14 October 2015
      And the Commissioner agreed to it at 10:00 on 14 October 2015
      When compliance is checked on 1 January 2016
      Then the commissioners' agreement to appointments for the decision of 14 October 2015 is met

    @commissioners-2014.statutory-officers
    Scenario: Agreement recorded without when it was given is unknown
      Given the Cabinet decided "Appointment of an interim Monitoring Officer" in statutory officer appointments at 18:30 on 16 November 2015
      And the Commissioner's agreement to it is recorded, but not when
      When compliance is checked on 1 January 2016
      Then the commissioners' agreement to appointments for the decision of 16 November 2015 is unknown
      And the commissioners' agreement to appointments for the decision of 2 November 2015 is unknown

    @commissioners-2014.statutory-officers
    Scenario: An appointment with no agreement recorded is a breach once the records are complete
      Given the Cabinet decided "Appointment of a Head of Paid Service" in statutory officer appointments at 18:30 on 7 December 2015
      When compliance is checked on 1 January 2016
      Then the commissioners' agreement to appointments for the decision of 7 December 2015 is in breach
      And the finding rests on no record

    @commissioners-2014.statutory-officers
    Scenario: An agreement given after the as-of date is not known at that date
      Given the Cabinet decided "Appointment of a Head of Paid Service" in statutory officer appointments at 18:30 on 7 December 2015
      And the Commissioner agreed to it at 10:00 on 9 December 2015
      When compliance is checked on 8 December 2015
      Then the commissioners' agreement to appointments for the decision of 7 December 2015 is in breach
      When compliance is checked on 10 December 2015
      Then the commissioners' agreement to appointments for the decision of 7 December 2015 is in breach

  Rule: The Secretary of State appoints the commissioners

    @commissioners-2014.commissioners-appointed
    Scenario: The first commissioner named in time, the second after the month allowed
      When compliance is checked on 1 March 2015
      Then the first appointment of commissioners is met
      And the duty is the Secretary of State's, not the council's
      And the second appointment of commissioners is met late
      And the finding rests on the record of Ben Commissioner as Commissioner

    @commissioners-2014.commissioners-appointed
    Scenario: Before anyone is named, the appointments are overdue once the month has passed
      When compliance is checked on 5 January 2015
      Then the first appointment of commissioners is due soon
      When compliance is checked on 20 January 2015
      Then the second appointment of commissioners is overdue

  Rule: Progress reports after three and six months, then six-monthly

    @commissioners-2014.progress-reports @commissioners-2014-v2.progress-reports
    Scenario: The reports fall due after three months, after six months, then every six months
      When compliance is checked on 1 January 2016
      Then the first commissioners' progress report falls due at the end of 17 March 2015
      And the second commissioners' progress report falls due at the end of 17 June 2015
      And the third commissioners' progress report falls due at the end of 17 December 2015
      And the first commissioners' progress report is met
      And the second commissioners' progress report is met late
      And the third commissioners' progress report is in breach

    @commissioners-2014.progress-reports
    Scenario: Nothing falls due after five years less a day
      When compliance is checked on 1 January 2016
      Then nothing under the commissioners' directions falls due after 16 December 2019
